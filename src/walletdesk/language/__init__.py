"""Language understanding: detection, tokenisation, intents, entities, emotion. Pure library."""
