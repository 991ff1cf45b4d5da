"""Integrations: scoped API keys (``apikeys``), signed webhooks (``webhooks``) and the
in-process runtime that runs them with the email channel (``runtime``)."""
