import shutil
import uuid

from fastapi import FastAPI, HTTPException, UploadFile

app = FastAPI()
ALLOWED_TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}


@app.post("/upload")
async def upload(file: UploadFile):
    suffix = ALLOWED_TYPES.get(file.content_type)
    if suffix is None:
        raise HTTPException(status_code=415, detail="unsupported type")
    name = f"{uuid.uuid4().hex}{suffix}"
    with open(f"uploads/{name}", "wb") as out:
        shutil.copyfileobj(file.file, out)
    return {"filename": name}
