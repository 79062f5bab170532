import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ru from '@/locales/ru.json';
import { Composer } from './composer';

describe('the composer (CHAT-1)', () => {
  it('sends with Enter, breaks lines with Shift+Enter, and empties itself', async () => {
    const onSend = vi.fn();
    render(<Composer roomName="дом" onSend={onSend} />);
    const input = screen.getByLabelText(ru.chat.composerLabel);
    await userEvent.type(input, 'первая{Shift>}{Enter}{/Shift}вторая');
    expect(onSend).not.toHaveBeenCalled();
    await userEvent.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith('первая\nвторая');
    expect(input).toHaveValue('');
  });

  it('does not send blank text', async () => {
    const onSend = vi.fn();
    render(<Composer roomName="дом" onSend={onSend} />);
    await userEvent.type(screen.getByLabelText(ru.chat.composerLabel), '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
  });

  it('counts toward 2000 characters and refuses more, saying why', async () => {
    const onSend = vi.fn();
    render(<Composer roomName="дом" onSend={onSend} />);
    const input = screen.getByLabelText(ru.chat.composerLabel);
    await userEvent.click(input);
    await userEvent.paste('я'.repeat(2001));
    expect(screen.getByTestId('char-counter')).toHaveTextContent('2001/2000');
    expect(screen.getByRole('button', { name: ru.chat.send })).toBeDisabled();
    await userEvent.keyboard('{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent(ru.errors.message_too_long);
  });
});
