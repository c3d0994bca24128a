"""Plain functions that hold the product's rules; views and the CLI call them."""
