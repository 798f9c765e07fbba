"""The steering committee's documents: PDF reports and the year's Excel workbook, as jobs."""
