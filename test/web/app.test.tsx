import { render, screen } from '@testing-library/react';
import { App } from '../../web/src/app/App';

describe('App shell', () => {
  it('renders the product name', () => {
    render(<App />);
    expect(screen.getByRole('heading', { name: 'Callscope' })).toBeInTheDocument();
  });
});
