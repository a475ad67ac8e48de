"""Persistence: the only package that imports sqlmodel. Pages and CLIs call its services.

Every service is keyword-only, takes a `Session`, and is one transaction (commit or roll back);
business refusals raise `store.errors.StoreError` (`.code`, `.message`, `.data`).

- `db`: `make_engine(url)`, `create_tables(engine)` / `migrate(engine)` (Alembic), `transaction`, `atomic`
- `catalogs`: `sync_folder`, `publish`, `current_versions`, `current_version`, `catalog_of`
- `customers`: `register`, `authenticate` (argon2, throttled per address), `get_customer`, `set_role`, `create_admin`
- `drafts`: `open_draft`, `save_draft` (optimistic locking, audited), `import_catalog`, `publish_draft`,
  `withdraw_version`, `families`; `staff.authorize` re-checks a role inside a write
- `designs`: `save_design`, `get_design`, `list_designs`
- `carts`: `create_cart`, `add_to_cart`, `remove_from_cart`, `set_quantity`, `set_coupon`, `set_redeem_points`,
  `view_cart` (every line; invalid ones in `problems`, out of the quote)
- `orders`: `place_order`, `Buyer`, `PaymentDetails`, `claim_guest_orders`; `quotes.Delivery`;
  `checkout_details`: `BuyerDetails`, `DeliveryDetails`, `checked` (what place_order validates first)
- `input_checks`: typed text refused alike on both databases (length, NUL and control characters,
  e-mail, phone, coupon code shape), pydantic errors turned into BAD_INPUT naming the field
- `lifecycle`: `Status`, `TRANSITIONS`, `get_order`, `list_orders`, `change_status`, `cancel_order`
  (stock and loyalty points back once), `complete_step`
- `aftersales`: `request_return`, `resolve_return`, `add_review`, `reply_to_review`, `reviews_for_product`,
  `post_message`, `messages`, `after_sales` (an order's requests and reviews)
- `stock`: `receive_stock`, `stock_levels`; `coupons.create_coupon`; `notify.deliver_outbox`
- `payments`: `PaymentProvider` (Protocol), `TestPaymentProvider` (test mode: 4242 4242 4242 4242 succeeds,
  4000 0000 0000 0002 is declined)
- `exchanges`: `check_exchange` (an item and new choices, same or lower price), `make_replacement` (on approval:
  one replacement order at no charge, linked both ways)
- `browser_sessions`: `remember`, `recall` (a reload keeps the sign-in and the cart; only a hash of the token)
- `funnel.record_configure_started` (the first step of the configure -> cart -> order funnel);
  `popularity.option_popularity` (aggregates for "finish with the most popular choices")

Staff services (each re-checks the role inside its own transaction and writes an audit row):

- `catalog_releases`: `publish_draft`, `withdraw_version`, `list_versions`, `families`; `draft_text` (drafts' YAML)
- `staff_accounts`: `list_accounts`, `change_role` (the last admin keeps the role), `create_staff_account`
- `operations.list_orders` (filters, "needs attention"), `order_detail.order_detail`; `order_actions`:
  `advance_order`, `complete_step`, `settle_return`, `reply_to_message`, `answer_review`
- `materials`: `stock_levels` (reorder flags), `update_settings`, `receive`; `purchasing`: `purchase_needs`,
  `mark_ordered`, `mark_received` (stock added once)
- `crm`: `list_customers`, `customer_detail`, `save_profile`, `preview_segment`, `save_segment`, `list_segments`;
  `crm_rules` (who is a customer, segment rules); `campaigns.target_segment` (a coupon only its recipients can
  redeem); `crm_privacy`: `export_customer`, `erase_customer`
- `analytics`: `option_popularity`, `revenue_over_time`, `lead_times`, `review_scores`, `returns_by_reason`;
  `analytics_kpis.kpis`; `funnel.funnel`
"""
