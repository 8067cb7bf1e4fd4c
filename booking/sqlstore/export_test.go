package sqlstore

// Usage is usage, for the tests of the week's edge on each engine.
var Usage = usage

// PutResource is putResource, for the benchmarks' seed.
var PutResource = putResource
