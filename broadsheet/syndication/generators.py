"""Feed formats on Django's feed generators: RSS 2.0 and Atom 1.0 with the full text as
WordPress writes it (`content:encoded`, Atom `content`), and JSON Feed 1.1, which Django does not
have."""

import json

from django.utils import feedgenerator
from django.utils.xmlutils import SimplerXMLGenerator


class Rss(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class Atom(feedgenerator.Atom1Feed):
    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class JsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding) -> None:
        feed = self.feed
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps({k: v for k, v in document.items() if v}, ensure_ascii=False))

    @staticmethod
    def _item(item: dict) -> dict:
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["description"],
            "date_published": item["pubdate"].isoformat() if item["pubdate"] else None,
            "date_modified": item["updateddate"].isoformat() if item["updateddate"] else None,
            "tags": list(item["categories"] or []),
        }
        if item.get("content"):
            entry["content_html"] = item["content"]
        else:
            entry["content_text"] = item["description"]
        if item["author_name"]:
            entry["authors"] = [{"name": item["author_name"], "url": item["author_link"]}]
        if item["enclosures"]:
            entry["attachments"] = [
                {"url": e.url, "mime_type": e.mime_type, "size_in_bytes": int(e.length or 0)}
                for e in item["enclosures"]
            ]
        return {k: v for k, v in entry.items() if v not in (None, "", [])}


FORMATS = {None: Rss, "rss2": Rss, "atom": Atom, "json": JsonFeed}
