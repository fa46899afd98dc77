module pubnubfiles.local/flow

go 1.26.0

require pubnubfiles.local/pubnubfiles v0.0.0

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/oapi-codegen/runtime v1.9.0 // indirect
)

// The client scripts/generate-client-go.sh generates (git-ignored build output).
replace pubnubfiles.local/pubnubfiles => ../../../../build/clients/go/pubnubfiles
