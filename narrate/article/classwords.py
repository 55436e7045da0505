"""The words of an element's class names and id that say what a box is (narrate.article.page's rule
"class/id word"): the word tables and the one way a class name is split into them.
"""

from __future__ import annotations

from narrate.article.boxes import CLASS_SPLIT

NAMESPACE_PREFIXES = frozenset("a b c l m o t u js".split())  # atomic/BEM/ITCSS namespaces and script hooks
NOISE_WORDS = frozenset(
    "cookie cookies consent gdpr cmp newsletter related recommended recommendations recommendation "
    "share sharing shares socials social comment comments kommentare login signin register paywall "
    "byline author autor authors caption credit credits copyright ad ads advert adverts advertisement "
    "anzeige werbung sponsor sponsored promo breadcrumb breadcrumbs sidebar widget widgets subscribe "
    "outbrain taboola popup modal skiplink skip-link tags tagcloud visuallyhidden visually-hidden sr-only "
    "screen-reader-text screenreader mostread most-read meistgelesen toplist trending appstore appstores "
    "app-store app-stores infobox aural authorbox associated donate donation donations spende spenden "
    "sitesub contentsub catlinks printfooter noscript entry-meta entry-info entry-footer entry-utility post-meta "
    "postmeta post-info postinfo article-meta legal disclaimer kleingedrucktes adunit adslot adbox adcontainer "
    "adlabel navigation navbar megamenu flyout".split())
# aural: the federal Government Site Builder's sr-only; sitesub …: MediaWiki's "Aus Wikipedia" line, sub-page
# trail, category links and print footer; entry-meta …: the blog themes' line of date, author, categories, tags
# and comment count around a post; kleingedrucktes: fine print; adunit …: an ad slot's box and its "Anzeige"
# label, set even inside a sentence; navigation …: a site menu built of <div>s (its flyout's teaser tiles), not
# a <nav> ("nav" and "menu" alone also name an article's table of contents, its section headings: not listed)
STRONG_LAST_WORDS = frozenset("comments related newsletter cookie consent share sharing breadcrumb breadcrumbs "
                              "paywall sidebar recommendations recommendation advertisement anzeige werbung infobox "
                              "donate donation spende spenden modal popup disclaimer".split())
# modal, popup: a dialog the page opens over the article ("reveal-modal", "signup-popup"), never the article


def class_words(element) -> list[str]:
    """Of each class name and the id: the whole name, its first part and its last part when that is a
    strong word ("related-posts", "ad-slot", "article-comments"), never a middle part, so that a
    builder's "elementor-widget-container" or "post-author-avatar" does not count. Rule "class
    namespace": a one-letter or "js" prefix (BEM/ITCSS namespaces: c- component, m- molecule, o-
    organism, u- utility; js- a script hook) is not the name's first part; the part after it is."""
    words = []
    for name in f"{element.get('class', '')} {element.get('id', '')}".lower().split():
        parts = [p for p in CLASS_SPLIT.split(name) if p]
        if len(parts) > 1 and parts[0] in NAMESPACE_PREFIXES:
            parts = parts[1:]  # "c-share", "m-teaser", "js-comments": the name proper follows the namespace
        words += [name] + parts[:1] + [p for p in parts[-1:] if p in STRONG_LAST_WORDS]
    return words
