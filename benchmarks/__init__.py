"""Benchmarks: speed (``make bench``) and accuracy on external annotations (``make accuracy``)."""
