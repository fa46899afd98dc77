// The whole file flow through the client oapi-codegen generates from the spec's OpenAPI 3.0 variant
// (scripts/generate-client-go.sh), unpatched, against an emulator. Usage: go run . ORIGIN_URL CHANNEL.
// Prints one JSON line of results.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"sort"
	"strings"

	"pubnubfiles.local/pubnubfiles"
)

const subKey, pubKey, uuid = "sub-c-generated", "pub-c-generated", "go-client"

func must[T any](value T, err error) T {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return value
}

func expect(ok bool, what string) {
	if !ok {
		fmt.Fprintln(os.Stderr, "unexpected answer:", what)
		os.Exit(1)
	}
}

type stored struct {
	id, name string
	bytes    []byte
}

// uploadForm writes the presigned fields in the order received, then the file, last.
func uploadForm(fields []pubnubfiles.FormField, name string, content []byte) (string, *bytes.Buffer) {
	body := &bytes.Buffer{}
	writer := multipart.NewWriter(body)
	for _, field := range fields {
		must(0, writer.WriteField(field.Key, field.Value))
	}
	header := textproto.MIMEHeader{}
	header.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	header.Set("Content-Type", "text/plain")
	part := must(writer.CreatePart(header))
	must(part.Write(content))
	must(0, writer.Close())
	return writer.FormDataContentType(), body
}

func main() {
	base, channel := os.Args[1], os.Args[2]
	ctx := context.Background()
	// The getFile 307 is the answer to read, not to follow.
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	api := must(pubnubfiles.NewClientWithResponses(base, pubnubfiles.WithHTTPClient(noRedirects)))
	results := map[string]any{}

	handshake := must(api.SubscribeWithResponse(ctx, subKey, channel, &pubnubfiles.SubscribeParams{Tt: ptr("0"), Uuid: uuid}))
	expect(handshake.JSON200 != nil, string(handshake.Body))
	cursor := handshake.JSON200.T

	var files []stored
	var uploadStatus []int
	for index := 0; index < 3; index++ {
		content := []byte(strings.Repeat(fmt.Sprintf("file %d from the generated Go client\n", index), index+1))
		grant := must(api.GenerateUploadUrlWithResponse(ctx, subKey, channel, &pubnubfiles.GenerateUploadUrlParams{Uuid: uuid},
			pubnubfiles.GenerateUploadUrlJSONRequestBody{Name: fmt.Sprintf("go-%d.txt", index)}))
		expect(grant.JSON200 != nil, string(grant.Body))
		request := grant.JSON200.FileUploadRequest
		storage := must(pubnubfiles.NewClientWithResponses(strings.TrimSuffix(request.Url, "/")))
		contentType, body := uploadForm(request.FormFields, grant.JSON200.Data.Name, content)
		uploaded := must(storage.UploadFileWithBodyWithResponse(ctx, contentType, body))
		uploadStatus = append(uploadStatus, uploaded.StatusCode())
		files = append(files, stored{grant.JSON200.Data.Id, grant.JSON200.Data.Name, content})
	}
	results["upload_status"] = uploadStatus

	first := files[0]
	message := must(json.Marshal(map[string]any{"message": map[string]string{"caption": "from go"}, "file": map[string]string{"id": first.id, "name": first.name}}))
	meta := `{"kind": "go"}`
	published := must(api.PublishFileMessageWithResponse(ctx, pubKey, subKey, channel, string(message), &pubnubfiles.PublishFileMessageParams{Uuid: uuid, Meta: &meta}))
	var publishAnswer []any
	must(0, json.Unmarshal(published.Body, &publishAnswer))
	results["publish"] = publishAnswer

	var listed, pageCounts []any
	var next *string
	for {
		page := must(api.ListFilesWithResponse(ctx, subKey, channel, &pubnubfiles.ListFilesParams{Uuid: uuid, Limit: ptr(2), Next: next}))
		expect(page.JSON200 != nil, string(page.Body))
		for _, file := range page.JSON200.Data {
			listed = append(listed, file.Id)
		}
		pageCounts = append(pageCounts, page.JSON200.Count)
		next = page.JSON200.Next
		if next == nil {
			break
		}
	}
	results["page_counts"] = pageCounts
	ids := []string{}
	for _, id := range listed {
		ids = append(ids, id.(string))
	}
	wanted := []string{files[0].id, files[1].id, files[2].id}
	sort.Strings(ids)
	sort.Strings(wanted)
	results["listed"] = strings.Join(ids, ",") == strings.Join(wanted, ",")

	located := must(api.GetFileWithResponse(ctx, subKey, channel, first.id, first.name, &pubnubfiles.GetFileParams{Uuid: uuid}))
	results["get_status"] = located.StatusCode()
	download := must(http.Get(located.HTTPResponse.Header.Get("Location")))
	downloaded := must(io.ReadAll(download.Body))
	results["download_equal"] = sha256.Sum256(downloaded) == sha256.Sum256(first.bytes)

	var deleted []int
	for _, file := range files {
		answer := must(api.DeleteFileWithResponse(ctx, subKey, channel, file.id, file.name, &pubnubfiles.DeleteFileParams{Uuid: uuid}))
		expect(answer.JSON200 != nil, string(answer.Body))
		deleted = append(deleted, int(answer.JSON200.Status))
	}
	results["delete_status"] = deleted
	after := must(api.ListFilesWithResponse(ctx, subKey, channel, &pubnubfiles.ListFilesParams{Uuid: uuid}))
	results["after_delete"] = after.JSON200.Count

	batch := must(api.SubscribeWithResponse(ctx, subKey, channel, &pubnubfiles.SubscribeParams{Tt: &cursor.T, Tr: &cursor.R, Uuid: uuid}))
	expect(batch.JSON200 != nil && len(batch.JSON200.M) > 0, string(batch.Body))
	event := batch.JSON200.M[0]
	payload, _ := event.Get("d")
	results["event"] = map[string]any{"e": event.E, "c": event.C, "u": event.U, "d": payload, "p": event.P.T}
	fmt.Println(string(must(json.Marshal(results))))
}

func ptr[T any](value T) *T { return &value }
