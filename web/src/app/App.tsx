export function App() {
  return (
    <main>
      <h1>Callscope</h1>
      <p>QA and KPI analytics for contact centers.</p>
    </main>
  );
}
