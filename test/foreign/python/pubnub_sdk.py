"""The official Python asyncio SDK (pubnub on PyPI) against the emulator, driven by test/foreign/python-sdk.test.ts.

    python pubnub_sdk.py docs    ORIGIN CHANNEL FILE_PATH
    python pubnub_sdk.py send    ORIGIN CHANNEL MODE KEY FILE_PATH
    python pubnub_sdk.py receive ORIGIN CHANNEL MODE KEY

`docs` runs every example of the SDK's File Sharing documentation, as written there. `send` sends a file with a
caption; `receive` subscribes, prints `ready`, waits for one file event, then downloads that file. MODE is `legacy`
(a cipher key alone) or `aes-cbc` (the AES-CBC crypto module). Each result is one JSON line on stdout; the test
asserts on them. File bytes are reported as their SHA-256, hex.
"""

import asyncio
import hashlib
import json
import sys

from pubnub.crypto import AesCbcCryptoModule
from pubnub.enums import PNStatusCategory
from pubnub.pnconfiguration import PNConfiguration
from pubnub.pubnub_asyncio import PubNubAsyncio, SubscribeCallback


def emit(**fields):
    print(json.dumps(fields), flush=True)


def client(origin, user_id, mode=None, key=None):
    config = PNConfiguration()
    config.publish_key = "pub-c-python"
    config.subscribe_key = "sub-c-python"
    config.user_id = user_id
    config.origin = origin
    config.ssl = False
    if mode is not None:
        config.cipher_key = key
    if mode == "aes-cbc":
        config.crypto_module = AesCbcCryptoModule(config)
    return PubNubAsyncio(config)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class FileListener(SubscribeCallback):
    """Collects file events; `connected` resolves once the subscribe loop has its first cursor."""

    def __init__(self):
        loop = asyncio.get_running_loop()
        self.connected = loop.create_future()
        self.events = asyncio.Queue()

    def status(self, pubnub, status):
        if status.category == PNStatusCategory.PNConnectedCategory and not self.connected.done():
            self.connected.set_result(True)

    def message(self, pubnub, message):
        pass

    def presence(self, pubnub, presence):
        pass

    def file(self, pubnub, file_message):
        self.events.put_nowait(file_message)


async def listen(pubnub, channel):
    listener = FileListener()
    pubnub.add_listener(listener)
    pubnub.subscribe().channels([channel]).execute()
    await listener.connected
    return listener


def event_fields(event):
    return {
        "channel": event.channel,
        "publisher": event.publisher,
        "timetoken": str(event.timetoken),
        "message": event.message,
        "file_id": event.file_id,
        "file_name": event.file_name,
        "file_url": event.file_url,
        "user_metadata": event.user_metadata,
    }


async def docs(origin, channel):
    """The documentation's examples, in its order; a subscriber configured with the sender's key hears the events."""
    pubnub = client(origin, "docs-sender")
    subscriber = client(origin, "docs-listener", "legacy", "secret")
    listener = await listen(subscriber, channel)

    with open(sys.argv[4], "rb") as fd:
        envelope = await pubnub.send_file().\
            channel(channel).\
            file_name("knights_of_ni.jpg").\
            message({"test_message": "test"}).\
            should_store(True).\
            ttl(222).\
            file_object(fd).\
            cipher_key("secret").future()
    sent = envelope.result
    emit(step="send_file", name=sent.name, file_id=sent.file_id, timestamp=str(sent.timestamp))
    emit(step="file_event", **event_fields(await listener.events.get()))

    envelope = await pubnub.list_files().channel(channel).future()
    listed = envelope.result
    emit(step="list_files", count=listed.count, next=listed.next, data=listed.data)

    envelope = await pubnub.get_file_url().\
        channel(channel).\
        file_id(sent.file_id).\
        file_name(sent.name).future()
    emit(step="get_file_url", file_url=envelope.result.file_url)

    download_envelope = await pubnub.download_file().\
        channel(channel).\
        file_id(sent.file_id).\
        file_name(sent.name).\
        cipher_key("secret").future()
    emit(step="download_file", sha256=sha256(download_envelope.result.data))

    # pubnub 10.8.0's subscribe loop stops after delivering a file event to a listener (its own subscription
    # registry calls a `file_message` method its subscriptions lack), so a second listener hears the next one.
    plain_subscriber = client(origin, "docs-listener-2")
    plain_listener = await listen(plain_subscriber, channel)
    envelope = await pubnub.publish_file_message().\
        channel(channel).\
        meta({"test": "test"}).\
        message({"test_message": "test"}).\
        file_id(sent.file_id).\
        file_name(sent.name).\
        ttl(22).future()
    emit(step="publish_file_message", timestamp=str(envelope.result.timestamp))
    emit(step="file_event", **event_fields(await plain_listener.events.get()))

    envelope = await pubnub.delete_file().\
        channel(channel).\
        file_id(sent.file_id).\
        file_name(sent.name).future()
    emit(step="delete_file", status=envelope.result.status)

    envelope = await pubnub.list_files().channel(channel).future()
    emit(step="list_files", count=envelope.result.count, next=envelope.result.next, data=envelope.result.data)

    for each in (subscriber, plain_subscriber):
        each.unsubscribe_all()
        await each.stop()
    await pubnub.stop()


async def send(origin, channel, mode, key, path):
    pubnub = client(origin, "python-sender", mode, key)
    with open(path, "rb") as fd:
        envelope = await pubnub.send_file().\
            channel(channel).\
            file_name("from python ✓.bin").\
            message({"from": "python"}).\
            file_object(fd).future()
    emit(step="send_file", name=envelope.result.name, file_id=envelope.result.file_id,
         timestamp=str(envelope.result.timestamp))
    await pubnub.stop()


async def receive(origin, channel, mode, key):
    pubnub = client(origin, "python-receiver", mode, key)
    listener = await listen(pubnub, channel)
    emit(step="ready")
    event = await listener.events.get()
    emit(step="file_event", **event_fields(event))
    envelope = await pubnub.download_file().channel(channel).file_id(event.file_id).file_name(event.file_name).future()
    emit(step="download_file", sha256=sha256(envelope.result.data))
    pubnub.unsubscribe_all()
    await pubnub.stop()


async def main():
    command, origin, channel = sys.argv[1:4]
    if command == "docs":
        await docs(origin, channel)
    elif command == "send":
        await send(origin, channel, *sys.argv[4:7])
    elif command == "receive":
        await receive(origin, channel, *sys.argv[4:6])
    else:
        raise SystemExit(f"unknown command {command}")


asyncio.run(main())
