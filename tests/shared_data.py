"""Files of the team's shared folder (test data from elsewhere, the real-client toolkit)."""

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def shared_file(*parts):
    """
    $NEWSROOM_SHARED/<parts>, else ../shared beside the checkout, else /work/shared (CI may check
    the repository out elsewhere). Returns the first that exists, or the first candidate.
    """
    candidates = [Path(os.environ["NEWSROOM_SHARED"])] if os.environ.get("NEWSROOM_SHARED") else []
    candidates += [CHECKOUT.parent / "shared", Path("/work/shared")]
    for base in candidates:
        if (base / Path(*parts)).exists():
            return base / Path(*parts)
    return candidates[0] / Path(*parts)
