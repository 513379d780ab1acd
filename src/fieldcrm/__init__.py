"""fieldcrm: an offline terminal CRM for developing new B2B customers in five stages."""

__version__ = "0.1.0"
