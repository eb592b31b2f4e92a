// SPDX-License-Identifier: MIT
/*
 * Virtual PL011; the model is described in core/vuart.h. Offsets and bits
 * from the PL011 TRM (Arm DDI 0183), 3.2 "Summary of registers" and 3.3
 * "Register descriptions".
 *
 * Why the interrupt model looks the way it does: on hardware the TX
 * interrupt fires when the TX FIFO level falls through the trigger level,
 * and stays until ICR or until the FIFO is filled above the trigger again.
 * Here every accepted byte drains at once, so every byte written is such a
 * crossing: TXIS is set by each transmitted byte and only ICR clears it. A
 * guest that enables TXIM while it still has bytes to send (Linux after
 * filling the FIFO) gets its interrupt right away and keeps getting it while
 * it refills; it masks TXIM when done. Nothing sets TXIS before the first
 * byte, as on hardware after reset (an interrupt-driven driver "primes" the
 * FIFO by writing, which Linux does).
 *
 * The RX interrupts follow the FIFO level; ICR only silences a condition
 * until the FIFO next changes. A purely level-triggered model would storm a
 * guest that acknowledges without reading; a purely latched one could leave
 * data in the FIFO with no interrupt to announce it.
 */
#include "core/vuart.h"
#include "compiler.h"
#include "core/console_mux.h"

#define UARTDR	     0x000
#define UARTRSR	     0x004 /* read: RSR, write: ECR */
#define UARTFR	     0x018
#define UARTILPR     0x020
#define UARTIBRD     0x024
#define UARTFBRD     0x028
#define UARTLCR_H    0x02c
#define UARTCR	     0x030
#define UARTIFLS     0x034
#define UARTIMSC     0x038
#define UARTRIS	     0x03c
#define UARTMIS	     0x040
#define UARTICR	     0x044
#define UARTDMACR    0x048
#define UART_ID_BASE 0xfe0 /* UARTPeriphID0..3, UARTPCellID0..3, one byte per word */

/* 3.3.3 UARTFR */
#define FR_CTS	BIT(0)
#define FR_DSR	BIT(1)
#define FR_DCD	BIT(2)
#define FR_RXFE BIT(4)
#define FR_TXFF BIT(5)
#define FR_RXFF BIT(6)
#define FR_TXFE BIT(7)

/* 3.3.2 UARTRSR/UARTECR */
#define RSR_OE BIT(3)

/* 3.3.7 UARTLCR_H */
#define LCR_H_FEN    BIT(4)
#define LCR_H_WLEN_8 (UL(3) << 5)

/* 3.3.8 UARTCR */
#define CR_UARTEN BIT(0)
#define CR_LBE	  BIT(7)
#define CR_TXE	  BIT(8)
#define CR_RXE	  BIT(9)

/* 3.3.9 UARTIFLS: 0..4 = 1/8, 1/4, 1/2, 3/4, 7/8 full; 5..7 reserved */
#define IFLS_TX_MASK  GENMASK(2, 0)
#define IFLS_RX_SHIFT 3
#define IFLS_RX_MASK  GENMASK(5, 3)
#define IFLS_HALF     2u

/* 3.3.10-14: UARTIMSC, UARTRIS, UARTMIS, UARTICR share this layout */
#define INT_RX	 BIT(4)
#define INT_TX	 BIT(5)
#define INT_RT	 BIT(6)
#define INT_OE	 BIT(10)
#define INT_MASK GENMASK(10, 0)

#define DMACR_MASK GENMASK(2, 0)

/* 115200 baud from a 24 MHz UARTCLK: 24e6 / (16 * 115200) = 13 + 1/64 */
#define RESET_IBRD 13u
#define RESET_FBRD 1u

/* 3.3.15 Peripheral/PrimeCell identification: PL011 (0x011), Arm (0x41), r1p5 (3) */
static const uint8_t vuart_id[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

/* Depth of both FIFOs; with FIFOs off, the one-character holding registers. */
static uint32_t fifo_depth(const struct vuart *u)
{
	return (u->lcr_h & LCR_H_FEN) ? VUART_FIFO_DEPTH : 1u;
}

/* RX level at which RXIS rises; with FIFOs off, one character. */
static uint32_t rx_trigger(const struct vuart *u)
{
	uint32_t sel = (uint32_t)((u->ifls & IFLS_RX_MASK) >> IFLS_RX_SHIFT);
	static const uint32_t eighths[] = {1, 2, 4, 6, 7};

	if (!(u->lcr_h & LCR_H_FEN))
		return 1;
	/* Reserved encodings: behave like the reset value (1/2). */
	if (sel >= ARRAY_SIZE(eighths))
		sel = IFLS_HALF;
	return VUART_FIFO_DEPTH * eighths[sel] / 8;
}

static bool tx_running(const struct vuart *u)
{
	return (u->cr & (CR_UARTEN | CR_TXE)) == (CR_UARTEN | CR_TXE);
}

static bool rx_running(const struct vuart *u)
{
	return (u->cr & (CR_UARTEN | CR_RXE)) == (CR_UARTEN | CR_RXE);
}

static uint32_t raw_interrupts(const struct vuart *u)
{
	uint32_t ris = u->ris_latched;

	if (u->rx_count >= rx_trigger(u) && !u->rx_acked)
		ris |= INT_RX;
	if (u->rx_count > 0 && !u->rt_acked)
		ris |= INT_RT;
	return ris;
}

/* Recomputes the output; true when it changed (the caller notifies). */
static bool update_irq(struct vuart *u)
{
	bool level = (raw_interrupts(u) & u->imsc) != 0;
	bool changed = level != u->irq_level;

	__atomic_store_n(&u->irq_level, level, __ATOMIC_RELEASE);
	return changed;
}

static void rx_changed(struct vuart *u)
{
	u->rx_acked = false;
	u->rt_acked = false;
}

static void rx_flush(struct vuart *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
	rx_changed(u);
}

/* Called with the lock held. */
static void rx_push(struct vuart *u, uint8_t byte)
{
	if (!rx_running(u))
		return; /* nobody listens: the character is lost, as on the wire */
	if (u->rx_count >= fifo_depth(u)) {
		u->rsr |= RSR_OE;
		u->ris_latched |= INT_OE;
		return;
	}
	u->rx_fifo[(u->rx_head + u->rx_count) % VUART_FIFO_DEPTH] = byte;
	u->rx_count++;
	rx_changed(u);
}

static uint32_t rx_pop(struct vuart *u)
{
	uint8_t byte;

	if (u->rx_count == 0)
		return 0;
	byte = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VUART_FIFO_DEPTH;
	u->rx_count--;
	rx_changed(u);
	return byte;
}

/*
 * Bytes leaving the transmitter during one access: at most one written byte
 * or the whole TX FIFO when the transmitter gets enabled.
 */
struct tx_out {
	uint8_t bytes[VUART_FIFO_DEPTH + 1];
	uint32_t count;
};

/* Called with the lock held: one byte leaves through the wire (or loopback). */
static void tx_send(struct vuart *u, uint8_t byte, struct tx_out *out)
{
	u->ris_latched |= INT_TX;
	if (u->cr & CR_LBE)
		rx_push(u, byte);
	else if (out->count < ARRAY_SIZE(out->bytes))
		out->bytes[out->count++] = byte;
}

static void tx_write(struct vuart *u, uint8_t byte, struct tx_out *out)
{
	if (tx_running(u)) {
		tx_send(u, byte, out);
	} else if (u->tx_count < fifo_depth(u)) {
		u->tx_fifo[u->tx_count++] = byte;
	}
}

static void tx_drain(struct vuart *u, struct tx_out *out)
{
	if (!tx_running(u))
		return;
	for (uint32_t i = 0; i < u->tx_count; i++)
		tx_send(u, u->tx_fifo[i], out);
	u->tx_count = 0;
}

static uint32_t read_fr(const struct vuart *u)
{
	/* A terminal is always attached: modem inputs CTS, DSR, DCD asserted. */
	uint32_t fr = FR_CTS | FR_DSR | FR_DCD;

	if (u->rx_count == 0)
		fr |= FR_RXFE;
	if (u->rx_count >= fifo_depth(u))
		fr |= FR_RXFF;
	if (u->tx_count == 0)
		fr |= FR_TXFE;
	if (u->tx_count >= fifo_depth(u))
		fr |= FR_TXFF;
	return fr;
}

static uint32_t read_reg(struct vuart *u, uint64_t offset)
{
	switch (offset) {
	case UARTDR:
		return rx_pop(u);
	case UARTRSR:
		return u->rsr;
	case UARTFR:
		return read_fr(u);
	case UARTILPR:
		return u->ilpr;
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return raw_interrupts(u);
	case UARTMIS:
		return raw_interrupts(u) & u->imsc;
	case UARTDMACR:
		return u->dmacr;
	default:
		if (offset >= UART_ID_BASE && offset < VUART_MMIO_SIZE)
			return vuart_id[(offset - UART_ID_BASE) / 4];
		return 0; /* ICR is write-only; reserved offsets read as zero */
	}
}

static void write_reg(struct vuart *u, uint64_t offset, uint32_t value, struct tx_out *out)
{
	switch (offset) {
	case UARTDR:
		tx_write(u, (uint8_t)value, out);
		break;
	case UARTRSR: /* ECR: any write clears the error flags */
		u->rsr = 0;
		break;
	case UARTILPR:
		u->ilpr = value & 0xff;
		break;
	case UARTIBRD:
		u->ibrd = value & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = value & 0x3f;
		break;
	case UARTLCR_H:
		if ((u->lcr_h ^ value) & LCR_H_FEN)
			rx_flush(u); /* FIFO depth changes: start empty */
		u->lcr_h = value & 0xff;
		break;
	case UARTCR:
		u->cr = value & 0xffff;
		tx_drain(u, out);
		break;
	case UARTIFLS:
		u->ifls = value & (IFLS_RX_MASK | IFLS_TX_MASK);
		break;
	case UARTIMSC:
		u->imsc = value & INT_MASK;
		break;
	case UARTICR:
		u->ris_latched &= ~value;
		if (value & INT_RX)
			u->rx_acked = true;
		if (value & INT_RT)
			u->rt_acked = true;
		break;
	case UARTDMACR:
		u->dmacr = value & DMACR_MASK; /* no DMA channels: kept, has no effect */
		break;
	default:
		break; /* FR, RIS, MIS, IDs are read-only; reserved offsets ignore writes */
	}
}

static bool access_ok(const struct mmio_access *a)
{
	if (a->offset >= VUART_MMIO_SIZE || !IS_ALIGNED(a->offset, 4))
		return false;
	if (a->size == 4 || a->size == 2)
		return true;
	return a->size == 1 && a->offset == UARTDR;
}

static void reset_registers(struct vuart *u)
{
	u->ilpr = 0;
	u->ibrd = RESET_IBRD;
	u->fbrd = RESET_FBRD;
	u->lcr_h = LCR_H_FEN | LCR_H_WLEN_8;
	u->cr = CR_UARTEN | CR_TXE | CR_RXE;
	u->ifls = (IFLS_HALF << IFLS_RX_SHIFT) | IFLS_HALF;
	u->imsc = 0;
	u->dmacr = 0;
	u->rsr = 0;
	u->ris_latched = 0;
	u->tx_count = 0;
	rx_flush(u);
	u->irq_level = false;
}

void vuart_init(struct vuart *u, uint32_t cell_index)
{
	*u = (struct vuart){.lock = SPINLOCK_INIT, .cell_index = cell_index};
	reset_registers(u);
}

void vuart_reset(struct vuart *u)
{
	bool notify;

	spin_lock(&u->lock);
	notify = u->irq_level;
	reset_registers(u);
	spin_unlock(&u->lock);
	if (notify && u->notify)
		u->notify(u->notify_ctx);
}

void vuart_set_notify(struct vuart *u, vuart_notify_fn fn, void *ctx)
{
	spin_lock(&u->lock);
	u->notify = fn;
	u->notify_ctx = ctx;
	spin_unlock(&u->lock);
}

bool vuart_mmio(void *vuart, struct mmio_access *access)
{
	struct vuart *u = vuart;
	struct tx_out out = {.count = 0};
	vuart_notify_fn notify = NULL;
	void *ctx = NULL;

	if (!access_ok(access))
		return false;

	spin_lock(&u->lock);
	if (access->write) {
		write_reg(u, access->offset, (uint32_t)access->value, &out);
	} else {
		uint32_t value = read_reg(u, access->offset);

		/* A narrow read sees the low bits (the registers are little-endian). */
		if (access->size < 4)
			value &= (uint32_t)((UL(1) << (access->size * 8)) - 1);
		access->value = value;
	}
	if (update_irq(u)) {
		notify = u->notify;
		ctx = u->notify_ctx;
	}
	spin_unlock(&u->lock);

	for (uint32_t i = 0; i < out.count; i++)
		console_mux_putc(u->cell_index, (char)out.bytes[i]);
	if (notify)
		notify(ctx);
	return true;
}

void vuart_receive(struct vuart *u, uint8_t byte)
{
	vuart_notify_fn notify = NULL;
	void *ctx = NULL;

	spin_lock(&u->lock);
	rx_push(u, byte);
	if (update_irq(u)) {
		notify = u->notify;
		ctx = u->notify_ctx;
	}
	spin_unlock(&u->lock);
	if (notify)
		notify(ctx);
}

bool vuart_irq_level(const struct vuart *u)
{
	return __atomic_load_n(&u->irq_level, __ATOMIC_ACQUIRE);
}
