import html
import json
import os
import pickle
import subprocess

import pymysql


def handler(event, context):
    params = event["queryStringParameters"]
    # ruleid: python.lambda-event-command-injection
    os.system("convert /tmp/in.png -resize " + params["size"] + " /tmp/out.png")
    # ruleid: python.lambda-event-command-injection
    subprocess.run([event["tool"], "--version"], check=True)
    # ruleid: python.lambda-event-command-injection
    os.spawnlp(os.P_WAIT, event["cmd"], event["cmd"])
    # ok: python.lambda-event-command-injection
    subprocess.run(["convert", "/tmp/in.png", "-resize", str(int(params["size"])), "/tmp/out.png"], check=True)
    # ok: python.lambda-event-command-injection
    size = os.getenv(event["setting"], "100")
    return {"statusCode": 200, "body": size}


def lambda_handler(event, context):
    conn = pymysql.connect(host=os.environ["DB_HOST"], user="app", password=os.environ["DB_PASSWORD"])
    name = event["pathParameters"]["name"]
    sql = "SELECT * FROM users WHERE name = '%s'" % name
    with conn.cursor() as cur:
        # ruleid: python.lambda-event-sql-injection
        cur.execute(sql)
        # ok: python.lambda-event-sql-injection
        cur.execute("SELECT * FROM users WHERE name = %s", (name,))
    # ruleid: python.lambda-event-code-injection
    result = eval(event["expression"])
    # ok: python.lambda-event-code-injection
    data = json.loads(event["body"])
    # ruleid: python.lambda-event-deserialization
    state = pickle.loads(bytes.fromhex(event["state"]))
    # ruleid: python.lambda-event-html-injection
    page = "<h1>Hello {}</h1>".format(name)
    # ruleid: python.lambda-event-html-injection
    card = f"<div class='card'>{event['title']}</div>"
    # ok: python.lambda-event-html-injection
    safe = "<h1>Hello {}</h1>".format(html.escape(name))
    # ok: python.lambda-event-html-injection
    text = f"Hello {name}"
    return {"headers": {"Content-Type": "text/html"}, "body": page + card + safe + text, "r": [result, data, state]}


def not_a_handler(event):
    # ok: python.lambda-event-command-injection
    os.system("echo " + event["msg"])
