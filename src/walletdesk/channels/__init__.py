"""Channel adapters beyond the widget: email (``channels.email``)."""
