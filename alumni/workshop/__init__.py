"""The yearly alumni workshop: the year's picture and its exports (XLSX, CSV, HTML report, city briefs)."""
