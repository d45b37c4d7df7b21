"""Where a validated dataset is kept and asked: the `Index` of look-ups, and its SQLite cache."""
