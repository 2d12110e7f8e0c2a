"""WordPress-shaped JSON in and out, for every face that answers JSON (the REST API, the likes
endpoint, oEmbed): parameters read as WordPress reads them, errors in WordPress's shape. Below
the faces, so that none borrows from another."""
