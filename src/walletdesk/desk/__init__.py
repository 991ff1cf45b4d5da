"""The desk's action layer: every write to conversations, messages and tickets goes through
here, so the safety scan, the outgoing guard, audit events and bus events cannot be skipped."""
