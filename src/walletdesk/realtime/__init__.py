"""Realtime fan-out of conversation events to connected clients."""
