/** A server validation message next to its field (the field points here with aria-describedby). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="error field-error">
      {message}
    </p>
  );
}
