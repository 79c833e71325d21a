"""License checks: notices and SPDX tags, verbatim reuse of indexed code, denied imports."""

from gateway.scanning.license.classify import (
    LicenseCategory,
    LicenseSignal,
    classify_expression,
    classify_license_name,
    find_license_signals,
)
from gateway.scanning.license.index import LicenseIndex, ReuseMatch

__all__ = [
    "LicenseCategory",
    "LicenseIndex",
    "LicenseSignal",
    "ReuseMatch",
    "classify_expression",
    "classify_license_name",
    "find_license_signals",
]
