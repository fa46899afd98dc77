"""The whole file flow through the client openapi-python-client generates from the spec (scripts/generate-client-python.sh),
unpatched, against an emulator. Usage: python python_flow.py ORIGIN_URL CHANNEL. Prints one JSON line of results."""

import hashlib
import json
import sys
from io import BytesIO
from urllib.parse import urlsplit

from pubnub_files_client import Client
from pubnub_files_client.api.events import subscribe
from pubnub_files_client.api.files import delete_file, get_file, list_files
from pubnub_files_client.api.upload import generate_upload_url, publish_file_message, upload_file
from pubnub_files_client.models import GenerateUploadUrlRequest, UploadForm
from pubnub_files_client.types import UNSET, File

BASE, CHANNEL = sys.argv[1], sys.argv[2]
SUB, PUB, USER = "sub-c-generated", "pub-c-generated", "python-client"
api = Client(base_url=BASE, follow_redirects=False, raise_on_unexpected_status=True)
results = {}

handshake = subscribe.sync(SUB, CHANNEL, client=api, tt="0", uuid=USER)
cursor = handshake.t

names = []
for index in range(3):
    payload = f"file {index} from the generated Python client\n".encode() * (index + 1)
    grant = generate_upload_url.sync(SUB, CHANNEL, client=api, body=GenerateUploadUrlRequest(name=f"py-{index}.txt"), uuid=USER)
    fields = {field.key: field.value for field in grant.file_upload_request.form_fields}
    fields["file"] = b""
    form = UploadForm.from_dict(fields)
    form.file = File(payload=BytesIO(payload), file_name=grant.data.name, mime_type="text/plain")
    storage = Client(base_url=grant.file_upload_request.url.rstrip("/"), raise_on_unexpected_status=True)
    uploaded = upload_file.sync_detailed(client=storage, body=form)
    results.setdefault("upload_status", []).append(uploaded.status_code)
    names.append((grant.data.id, grant.data.name, payload))

file_id, file_name, payload = names[0]
message = json.dumps({"message": {"caption": "from python"}, "file": {"id": file_id, "name": file_name}}, separators=(",", ":"))
published = publish_file_message.sync_detailed(PUB, SUB, CHANNEL, message, client=api, meta=json.dumps({"kind": "py"}), uuid=USER)
results["publish"] = json.loads(published.content)

listed, token = [], None
while True:
    page = list_files.sync(SUB, CHANNEL, client=api, limit=2, next_=token or UNSET, uuid=USER)
    listed += [item.id for item in page.data]
    results.setdefault("page_counts", []).append(page.count)
    token = page.next_
    if not token:
        break
results["listed"] = sorted(listed) == sorted(n[0] for n in names)

located = get_file.sync_detailed(SUB, CHANNEL, file_id, file_name, client=api, uuid=USER)
results["get_status"] = located.status_code
location = located.headers["location"]
origin = urlsplit(location)
cdn = Client(base_url=f"{origin.scheme}://{origin.netloc}", raise_on_unexpected_status=True)
downloaded = cdn.get_httpx_client().get(location)
results["download_equal"] = hashlib.sha256(downloaded.content).hexdigest() == hashlib.sha256(payload).hexdigest()

for each_id, each_name, _ in names:
    deleted = delete_file.sync(SUB, CHANNEL, each_id, each_name, client=api, uuid=USER)
    results.setdefault("delete_status", []).append(deleted.status)
results["after_delete"] = list_files.sync(SUB, CHANNEL, client=api, uuid=USER).count

batch = subscribe.sync(SUB, CHANNEL, client=api, tt=cursor.t, tr=cursor.r, uuid=USER)
event = batch.m[0]
results["event"] = {"e": event.e, "c": event.c, "u": event.u.to_dict(), "d": event["d"], "p": event.p.t}
print(json.dumps(results))
