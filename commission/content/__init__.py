"""Bulk content: `flask content import` of archives; each domain registers how a line becomes its item."""
