"""The bot: composes language, knowledge, chain and safety into replies."""
