"""Stridecare: sports physical therapy for runners."""

__version__ = "0.1.0"
