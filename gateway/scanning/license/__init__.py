"""License checks: notices and SPDX tags, verbatim reuse of indexed code, denied imports."""

from typing import TYPE_CHECKING, Any

from gateway.scanning.license.classify import (
    LicenseCategory,
    LicenseSignal,
    classify_expression,
    classify_license_name,
    find_license_signals,
)

if TYPE_CHECKING:
    from gateway.scanning.license.index import LicenseIndex, ReuseMatch


def __getattr__(name: str) -> Any:
    # The index pulls in SQLAlchemy (~0.3 s): only load it for callers that use it.
    if name in {"LicenseIndex", "ReuseMatch"}:
        from gateway.scanning.license import index

        return getattr(index, name)
    raise AttributeError(name)


__all__ = [
    "LicenseCategory",
    "LicenseIndex",
    "LicenseSignal",
    "ReuseMatch",
    "classify_expression",
    "classify_license_name",
    "find_license_signals",
]
