"""Reads user-data the way cloud-init does (gunzip by magic bytes, MIME walk) and prints its parts as JSON."""
import json
import sys

from cloudinit.user_data import UserDataProcessor

raw = open(sys.argv[1], 'rb').read()
message = UserDataProcessor({}).process(raw)
parts = []
for part in message.walk():
    if part.get_content_maintype() == 'multipart':
        continue
    parts.append({'type': part.get_content_type(), 'filename': part.get_filename(), 'content': part.get_payload(decode=True).decode('utf-8')})
print(json.dumps(parts))
