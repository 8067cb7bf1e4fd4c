// Package assets embeds what the kiosk shows besides code: the message
// catalogues for each language (i18n/*.json) and the icon and default
// logo. Catalog loads every language into a kiosk.Catalog.
package assets
