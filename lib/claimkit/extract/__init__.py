"""One extractor per claim kind (``dates``, ``quantities``, ``attributions``, ``quotes``, ``roles``) and
``claims``, which assembles contract rows.

``claimkit.extract`` is also the public extraction function. Once this package is imported Python binds
that name to the package, so the package itself is callable and calls the function: the name works the
same before and after (it used to raise "'module' object is not callable" the second time).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..pipeline import Extracted


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Extracted:
        """``claimkit.pipeline.extract``: parse every article and extract its claims and mentions."""
        from ..pipeline import extract

        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
