from django.db.models.expressions import RawSQL
from flask import request
from sqlalchemy import text


def search(db, session, User, Entry, conn, name: str):
    # ruleid: python.sql-fragment-string-built
    rows = db.session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))
    # ruleid: python.sql-fragment-string-built
    legacy = session.query(User).filter("name = '%s'" % name).all()
    # ruleid: python.sql-fragment-string-built
    grouped = session.query(User).group_by("lower({})".format(request.args["col"])).all()
    # ruleid: python.sql-fragment-string-built
    annotated = Entry.objects.annotate(v=RawSQL("SELECT score FROM stats WHERE name = '" + name + "'", ()))
    # ruleid: python.sql-fragment-string-built
    extra = Entry.objects.extra(where=[f"headline LIKE '%{name}%'"])
    # ruleid: python.sql-run-string-built
    ran = conn.run("SELECT * FROM books WHERE title = '%s'" % name)
    return rows, legacy, grouped, annotated, extra, ran


async def find(conn, term: str):
    # ruleid: python.sql-run-string-built
    async with conn.cursor(f"SELECT * FROM docs WHERE body LIKE '%{term}%'") as cur:
        return await cur.fetch(10)


def search_safe(db, session, User, Entry, conn, name: str, limit: int, df, subprocess):
    # ok: python.sql-fragment-string-built
    rows = db.session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})
    # ok: python.sql-fragment-string-built
    legacy = session.query(User).filter(User.name == name).all()
    # ok: python.sql-fragment-string-built
    annotated = Entry.objects.annotate(v=RawSQL("SELECT score FROM stats WHERE name = %s", (name,)))
    # ok: python.sql-fragment-string-built
    extra = Entry.objects.extra(where=["headline LIKE %s"], params=[f"%{name}%"])
    # ok: python.sql-run-string-built
    ran = conn.run("SELECT * FROM books WHERE title = :title", title=name)
    # ok: python.sql-fragment-string-built
    paged = db.session.execute(text("SELECT * FROM users LIMIT %d" % int(limit)))
    # ok: python.sql-run-string-built
    subprocess.run(f"echo {name}", shell=False)
    return rows, legacy, annotated, extra, ran, paged
