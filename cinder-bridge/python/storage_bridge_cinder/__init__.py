"""Cinder volume driver forwarding to the storage-drivers cinder-bridge service."""
