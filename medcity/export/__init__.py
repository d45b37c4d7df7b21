"""The whole dataset written out for other tools: JSON, a folder of CSV files, or SQLite."""
