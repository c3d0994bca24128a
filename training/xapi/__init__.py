"""xAPI 1.0.3: statements built from the evidence ledger, sent to a learning record store or exported."""
