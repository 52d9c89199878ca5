// The page for a path the app does not have (the server answered it with a 404).
export function NotFound() {
  return (
    <main className="panel">
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
      <p>
        <a href="/">Go to Playgate</a>
      </p>
    </main>
  );
}
