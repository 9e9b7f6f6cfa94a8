"""Thin views: parse input, check permissions, call the domain, render."""
