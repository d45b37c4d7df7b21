"""What a dataset is and how it is read: the records, their rules, names, amounts and files."""
