"""Illustrative scenarios shipped as package data; the Workspace loads them."""
