"""Deployment files: Dockerfile, compose.yaml, nginx.conf, and the local run of the same topology."""
