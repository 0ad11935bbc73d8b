"""Official documents of a kecamatan office from content files."""

__version__ = "0.1.0"
