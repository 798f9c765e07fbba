"""The SVG chart builder: accessible markup, escaped text, the numbers as a table."""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree

from dashboards.charts import Series, bar_chart, fmt_number, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_an_accessible_svg_with_its_numbers():
    chart = bar_chart(
        title="Vụ việc <2024>",
        desc="So sánh & đối chiếu",
        labels=["Hình sự", "Ma túy"],
        series=[Series("2024", [12, 3]), Series("2023", [10, None])],
        label_header="Loại",
    )
    root = ElementTree.fromstring(str(chart.svg))  # noqa: S314 (our own SVG)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Vụ việc <2024>"
    assert root.find(f"{SVG}desc").text == "So sánh & đối chiếu"
    assert root.get("aria-labelledby").split() == [
        root.find(f"{SVG}title").get("id"),
        root.find(f"{SVG}desc").get("id"),
    ]
    assert len(root.findall(f"{SVG}rect[@height]")) - 2 == 3  # 3 bars + 2 legend squares
    assert chart.headers == ["Loại", "2024", "2023"]
    assert chart.rows == [["Hình sự", "12", "10"], ["Ma túy", "3", "—"]]
    assert "style=" not in str(chart.svg)


def test_line_chart_breaks_at_unknown_months_and_lists_every_value():
    chart = line_chart(
        title="Theo tháng",
        desc="Tổng vụ việc",
        labels=["T1", "T2", "T3", "T4"],
        series=[Series("2025", [1, 2, None, 4])],
        label_header="Tháng",
    )
    root = ElementTree.fromstring(str(chart.svg))  # noqa: S314 (our own SVG)
    assert len(root.findall(f"{SVG}circle")) == 3
    assert len(root.findall(f"{SVG}polyline")) == 1  # T1-T2 only; T4 stands alone
    assert [row[1] for row in chart.rows] == ["1", "2", "—", "4"]


def test_numbers_are_written_the_vietnamese_way():
    assert fmt_number(28_868_000_000) == "28.868.000.000"
    assert fmt_number(Decimal("7.5")) == "7,5"
    assert fmt_number(None) == "—"


def test_money_axis_is_scaled_but_the_table_keeps_whole_dong():
    chart = bar_chart(
        title="Kinh phí",
        desc="tỷ đồng",
        labels=["Tỉnh"],
        series=[Series("Phân bổ", [12_334_000_000])],
        label_header="Nguồn",
        scale=1_000_000_000,
        unit=" tỷ",
    )
    assert "20 tỷ" in str(chart.svg)
    assert chart.rows == [["Tỉnh", "12.334.000.000"]]
