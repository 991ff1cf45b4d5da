"""HTTP routers. The only HTTP-aware code besides channels/."""
