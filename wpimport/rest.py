"""
Reading a live WordPress site through its REST API (/wp-json/wp/v2/) as the same records the WXR
reader yields, so that one importer writes both and an item is matched by its WordPress ID
whichever way it came: a WXR import followed by a REST import of the same site changes nothing.

With an application password the API is read in its "edit" context: the raw post content as the
database holds it (what an export carries), drafts, scheduled, pending, private and trashed posts,
held and trashed comments, and the users' logins and e-mail addresses. Without one, what a visitor
sees: published items, approved comments, and the content as WordPress renders it.

Items come a page (up to 100) at a time, each page with its comments, fetched for that page's
posts only, so memory holds one page whatever the size of the site. Requests are retried with a
growing pause on connection errors, timeouts, 429 and 5xx answers (urllib3's Retry, which also
honours Retry-After).
"""

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import urllib3
from urllib3.util import Retry, Timeout

from .wxr import Item

PER_PAGE = 100
COMMENT_POSTS = 25  # posts whose comments are asked for in one query
# Item kinds in the order they are read: attachments first, so the posts' images and featured
# images find their photos; then posts, then pages.
PHASES = [("media", "attachment"), ("posts", "post"), ("pages", "page")]
# What an export holds (every status but auto-draft; trash too), asked for by name: "any" leaves trash out.
EDIT_STATUSES = "publish,future,draft,pending,private,trash"
# Comments: "all" is approved and held; an export leaves spam out, and so does this.
COMMENT_STATUS_TO_WXR = {"approved": "1", "hold": "0", "unapproved": "0"}


class SiteError(Exception):
    """The site cannot be read through its REST API; the message says why."""


def _date(value):
    """REST "2012-01-07T14:07:21" as an export writes it, "2012-01-07 14:07:21"; an export's zeros for none."""
    return (value or "0000-00-00 00:00:00").replace("T", " ")


def _text(field, raw):
    """A {raw, rendered} field: raw (as stored, as an export has it) in the edit context, else rendered."""
    if isinstance(field, dict):
        return field.get("raw", "") if raw else field.get("rendered", "")
    return field or ""


@dataclass
class Page:
    phase: str
    number: int
    total: int
    records: list


class Client:
    """GET requests to one WordPress site's REST API, with retries, backoff and a timeout."""

    def __init__(self, url, user=None, password=None, timeout=30, retries=5, backoff=0.5):
        self.base = url.rstrip("/")
        headers = {"User-Agent": "Newsroom import_wordpress", "Accept": "application/json"}
        if user:
            headers.update(urllib3.make_headers(basic_auth=f"{user}:{password or ''}"))
        self.http = urllib3.PoolManager(
            headers=headers,
            timeout=Timeout(connect=min(timeout, 10), read=timeout),
            retries=Retry(
                total=retries, backoff_factor=backoff, status_forcelist=(429, 500, 502, 503, 504),
                allowed_methods=["GET"], respect_retry_after_header=True, raise_on_status=False,
                redirect=5,
            ),
        )
        self.route_style = None  # "/wp-json/" or "?rest_route=", found by index()
        self.requests = 0

    def url(self, route, params=None):
        query = urlencode(params or {})
        if self.route_style == "query":
            return f"{self.base}/?rest_route={route}" + (f"&{query}" if query else "")
        return f"{self.base}/wp-json{route}" + (f"?{query}" if query else "")

    def get(self, route, params=None):
        """(decoded JSON, headers); SiteError for an answer that is not a success after the retries."""
        url = self.url(route, params)
        self.requests += 1
        try:
            response = self.http.request("GET", url)
        except urllib3.exceptions.HTTPError as error:
            raise SiteError(f"{url}: no answer after retries ({type(error).__name__}: {error})") from None
        body = response.data
        try:
            data = json.loads(body) if body else None
        except ValueError:
            data = None
        if response.status >= 400:
            message = data.get("message") if isinstance(data, dict) else ""
            code = data.get("code") if isinstance(data, dict) else ""
            raise SiteError(f"{url}: HTTP {response.status}" + (f" ({code}: {message})" if code else ""))
        if data is None and body:
            raise SiteError(f"{url}: the answer is not JSON: is this a WordPress site with its REST API on?")
        return data, response.headers

    def index(self):
        """The API's index (site name, addresses, namespaces), trying pretty and plain permalinks."""
        for style in ("path", "query"):
            self.route_style = style
            try:
                data, _ = self.get("/")
            except SiteError as error:
                last = error
                continue
            if isinstance(data, dict) and "namespaces" in data:
                if "wp/v2" not in data["namespaces"]:
                    raise SiteError(f"{self.base}: the REST API has no wp/v2 routes (WordPress 4.7 or newer is needed).")
                return data
        raise SiteError(f"{self.base}: no WordPress REST API found ({last}).")

    def pages(self, route, params, start=1):
        """(page number, total pages, items) for each page from `start` on."""
        number = start
        while True:
            data, headers = self.get(route, {**params, "per_page": PER_PAGE, "page": number})
            total = int(headers.get("X-WP-TotalPages") or 1)
            if not isinstance(data, list):
                raise SiteError(f"{self.url(route)}: expected a list of items.")
            yield number, total, data
            if number >= total or not data:
                return
            number += 1

    def all(self, route, params):
        for _, _, items in self.pages(route, params):
            yield from items


class Reader:
    """The site's records, in the importer's terms (see wxr.read)."""

    def __init__(self, client, authenticated):
        self.client = client
        self.edit = authenticated
        self.context = "edit" if authenticated else "view"
        self.users = {}  # user ID → REST user
        self.sent_users = set()
        self.categories = {}  # term ID → (slug, name)
        self.tags = {}
        self.index = None
        self.other_comments = {}  # post ID → [comment]: trashed comments, pingbacks, trackbacks

    def header(self):
        self.index = self.client.index()
        if self.edit:
            # Fails early, with WordPress's reason, when the application password is refused.
            try:
                self.client.get("/wp/v2/users/me", {"context": "edit"})
            except SiteError as error:
                raise SiteError(f"the user name and application password were refused: {error}") from None
        home = self.index.get("home") or self.index.get("url") or self.client.base
        return {
            "title": self.index.get("name", ""),
            "link": home,
            "wp:base_site_url": self.index.get("url") or home,
            "wp:base_blog_url": home,
        }

    def terms(self):
        """Categories and tags (all of them, as an export lists them); users are kept to be named as met."""
        records = []
        # In name order, as an export lists them: when two terms claim one Newsroom tag, the same one wins.
        params = {"context": self.context, "orderby": "name", "order": "asc"}
        categories = list(self.client.all("/wp/v2/categories", params))
        for c in categories:
            self.categories[c["id"]] = (c.get("slug", ""), c.get("name", ""))
        for c in categories:
            records.append(("category", {
                "term_id": str(c["id"]), "category_nicename": c.get("slug", ""),
                "category_parent": self.categories.get(c.get("parent"), ("", ""))[0],
                "cat_name": c.get("name", ""), "category_description": c.get("description", ""),
            }))
        for t in self.client.all("/wp/v2/tags", params):
            self.tags[t["id"]] = (t.get("slug", ""), t.get("name", ""))
            records.append(("tag", {
                "term_id": str(t["id"]), "tag_slug": t.get("slug", ""), "tag_name": t.get("name", ""),
                "tag_description": t.get("description", ""),
            }))
        try:
            users = list(self.client.all("/wp/v2/users", {"context": self.context, "orderby": "id", "order": "asc"}))
        except SiteError:
            # Only an administrator may list users in the edit context (logins, e-mail addresses);
            # another role gets what a visitor sees: names and slugs.
            users = list(self.client.all("/wp/v2/users", {"orderby": "id", "order": "asc"}))
        for u in users:
            self.users[u["id"]] = u
        # Asked for once, not with each page of posts: comments in the trash, pingbacks and trackbacks
        # (the API lists only comments unless asked; an export has them all); few on any site.
        extra = []
        if self.edit:  # a visitor may not ask for either
            extra = [{"type": t, "status": "all"} for t in ("pingback", "trackback")]
            extra += [{"status": "trash"}, {"status": "post-trashed"}]
        for params in extra:
            for c in self.client.all("/wp/v2/comments", {"context": self.context, "orderby": "id", "order": "asc", **params}):
                self.other_comments.setdefault(c.get("post"), []).append(c)
        return records

    def login(self, user_id):
        user = self.users.get(user_id)
        if user is None:
            return ""
        return user.get("username") or user.get("slug", "")

    def author_records(self, items):
        """An export lists the users who wrote something: each is sent once, before its first item."""
        records = []
        for item in items:
            user_id = item.get("author")
            if not user_id or user_id in self.sent_users or user_id not in self.users:
                continue
            self.sent_users.add(user_id)
            u = self.users[user_id]
            records.append(("author", {
                "author_id": str(user_id), "author_login": self.login(user_id),
                "author_email": u.get("email", "") or "", "author_display_name": u.get("name", ""),
                "author_first_name": u.get("first_name", "") or "", "author_last_name": u.get("last_name", "") or "",
            }))
        return records

    def phase_pages(self, phase, start=1):
        """
        Page objects of one phase ("media", "posts", "pages"), from page `start`. The next page is
        fetched while the caller writes this one: the import waits for the old site or for the
        database, not for both in turn, and the site still gets one request at a time. A page that
        could not be fetched raises when the caller asks for it, after the pages before it are written.
        """
        pages = self.fetch_pages(phase, start)
        with ThreadPoolExecutor(max_workers=1) as pool:
            ahead = pool.submit(next, pages, None)
            while (page := ahead.result()) is not None:
                ahead = pool.submit(next, pages, None)
                yield page

    def fetch_pages(self, phase, start):
        route = f"/wp/v2/{phase}"
        params = {"context": self.context, "orderby": "id", "order": "asc"}
        if self.edit:
            params["status"] = "inherit,private,trash" if phase == "media" else EDIT_STATUSES
        for number, total, items in self.client.pages(route, params, start):
            # A visitor may not read the comments of a password-protected post: not asked for.
            ids = [i["id"] for i in items if self.edit or not (i.get("content") or {}).get("protected")]
            comments = self.comments(ids) if ids else {}
            records = self.author_records(items)
            records += [("item", self.item(i, comments.get(i["id"], []))) for i in items]
            yield Page(phase, number, total, records)

    def comments(self, post_ids):
        """Comments of these posts (an export's: every status but spam), by post ID."""
        found = {}
        # A few posts at a time: WordPress repeats the query in its Link header (previous and next
        # page), and a hundred IDs there overflow nginx's default FastCGI header buffer (a 502).
        for start in range(0, len(post_ids), COMMENT_POSTS):
            chunk = post_ids[start : start + COMMENT_POSTS]
            params = {"context": self.context, "post": ",".join(map(str, chunk)), "orderby": "id", "order": "asc"}
            if self.edit:
                params["status"] = "all"
            for c in self.client.all("/wp/v2/comments", params):
                found.setdefault(c.get("post"), []).append(c)
        for post_id in post_ids:
            if post_id in self.other_comments:
                found.setdefault(post_id, []).extend(self.other_comments.pop(post_id))
        return found

    def comment(self, c):
        status = c.get("status", "")
        return {
            "comment_id": str(c["id"]),
            "comment_author": c.get("author_name", ""),
            "comment_author_email": c.get("author_email", "") or "",
            "comment_author_url": c.get("author_url", "") or "",
            "comment_author_IP": c.get("author_ip", "") or "",
            "comment_date": _date(c.get("date")),
            "comment_date_gmt": _date(c.get("date_gmt")),
            "comment_content": _text(c.get("content"), self.edit),
            "comment_approved": COMMENT_STATUS_TO_WXR.get(status, status),
            "comment_type": c.get("type", "comment"),
            "comment_parent": str(c.get("parent") or 0),
            "comment_user_id": str(c.get("author") or 0),
        }

    def item(self, p, comments):
        post_type = p.get("type", "")
        content = p.get("content") or {}
        if post_type == "attachment":
            # An attachment's text is its description; its caption is the excerpt, as in an export.
            body, excerpt = _text(p.get("description"), self.edit), _text(p.get("caption"), self.edit)
        else:
            body, excerpt = _text(content, self.edit), _text(p.get("excerpt"), self.edit)
        password = p.get("password", "") if self.edit else ("(protected)" if content.get("protected") else "")
        fields = {
            "title": _text(p.get("title"), self.edit).strip(),
            "link": p.get("link", ""),
            "guid": _text(p.get("guid"), self.edit),
            "dc:creator": self.login(p.get("author")),
            "content:encoded": body,
            "excerpt:encoded": excerpt,
            "wp:post_id": str(p["id"]),
            "wp:post_date": _date(p.get("date")),
            "wp:post_date_gmt": _date(p.get("date_gmt")),
            "wp:comment_status": p.get("comment_status", ""),
            "wp:ping_status": p.get("ping_status", ""),
            "wp:post_name": p.get("slug", ""),
            "wp:status": p.get("status", ""),
            "wp:post_parent": str(p.get("parent") or 0),
            "wp:menu_order": str(p.get("menu_order") or 0),
            "wp:post_type": post_type,
            "wp:post_password": password or "",
            "wp:is_sticky": "1" if p.get("sticky") else "0",
        }
        item = Item(fields=fields)
        for term_id in p.get("categories") or []:
            slug, name = self.categories.get(term_id, ("", ""))
            if slug:
                item.categories.append(("category", slug, name))
        for term_id in p.get("tags") or []:
            slug, name = self.tags.get(term_id, ("", ""))
            if slug:
                item.categories.append(("post_tag", slug, name))
        if p.get("featured_media"):
            item.meta["_thumbnail_id"] = [str(p["featured_media"])]
        if post_type == "attachment":
            fields["wp:attachment_url"] = p.get("source_url", "")
            details = p.get("media_details") or {}
            if details.get("file"):
                item.meta["_wp_attached_file"] = [details["file"]]
            if p.get("alt_text"):
                item.meta["_wp_attachment_image_alt"] = [p["alt_text"]]
            credit = (details.get("image_meta") or {}).get("credit", "")
            if credit:
                # The one part of the serialized metadata the importer reads, in PHP's own notation.
                item.meta["_wp_attachment_metadata"] = [f's:6:"credit";s:{len(credit.encode())}:"{credit}";']
        item.comments = [self.comment(c) for c in comments]
        return item


def site_key(url):
    """The address an import is remembered under when the site's index does not give one."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")
