//! A JSON extractor whose rejections speak our error shape, so no framework text reaches a client.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::Error;

pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(match &rejection {
                JsonRejection::MissingJsonContentType(_) => Error::UnsupportedMediaType,
                _ if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge,
                JsonRejection::JsonDataError(e) => Error::MalformedBody(e.body_text()),
                JsonRejection::JsonSyntaxError(e) => Error::MalformedBody(e.body_text()),
                _ => Error::MalformedBody(rejection.body_text()),
            }),
        }
    }
}
