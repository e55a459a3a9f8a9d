"""Links from petitions to other parts of the site."""

from urllib.parse import quote, urlencode

from django.urls import reverse


def write_to_lawmakers_url(*, zip_code: str = "") -> str:
    """The letter flow, with the signer's ZIP filled in (a ZIP is not personal data)."""
    path = reverse("letters:write")
    if zip_code:
        return f"{path}?{urlencode({'zip': zip_code})}"
    return path


def find_lawmakers_url(*, zip_code: str = "") -> str:
    """The lawmaker lookup (phone numbers of each office), with the signer's ZIP filled in."""
    path = reverse("legislators:find")
    if zip_code:
        return f"{path}?{urlencode({'zip': zip_code})}"
    return path


def share_links(*, url: str, text: str, title: str) -> dict[str, str]:
    """Plain share URLs: no third-party scripts load on our pages."""
    return {
        "email": f"mailto:?subject={quote(title)}&body={quote(f'{text} {url}'.strip())}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}",
        "x": f"https://x.com/intent/post?{urlencode({'text': text, 'url': url})}",
    }
