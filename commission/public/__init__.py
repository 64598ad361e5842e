"""The transparency page: what the commission publishes to everyone, without signing in."""
