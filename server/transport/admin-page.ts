/**
 * The /admin page's HTML shell. Everything it shows is fetched by client/src/admin/ with the staff
 * token; the shell is static so that it can be served without one (the token is asked in the page).
 */
export function adminPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>Sourcier — staff view</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dist/admin.css">
<script src="/dist/admin.js" defer></script>
</head>
<body>
<main id="admin" class="admin"><h1>Sourcier — staff view</h1><noscript><p>This page needs JavaScript.</p></noscript></main>
</body>
</html>
`
}
