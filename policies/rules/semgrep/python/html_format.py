from django.utils import html
from django.utils.html import format_html


def badge(user, count):
    # ruleid: python.format-html-preformatted
    a = format_html("<span class='user'>%s</span>" % user.username)
    # ruleid: python.format-html-preformatted
    b = format_html(f"<b>{user.first_name}</b> has {{}} messages", count)
    # ruleid: python.format-html-preformatted
    c = html.format_html("<a href='/u/{}'>{}</a>".format(user.pk, user.username))
    # ruleid: python.format-html-preformatted
    d = format_html("<i>" + user.title + "</i>")
    return a, b, c, d


def badge_safe(user, count):
    # ok: python.format-html-preformatted
    a = format_html("<span class='user'>{}</span>", user.username)
    # ok: python.format-html-preformatted
    b = format_html("<b>{}</b> has {} messages", user.first_name, count)
    css = "badge"
    # ok: python.format-html-preformatted
    c = format_html("<span class='%s'>{}</span>" % css, user.username)
    return a, b, c
