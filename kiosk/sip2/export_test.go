package sip2

// FineAmount is fineAmount, for the tests.
var FineAmount = fineAmount
